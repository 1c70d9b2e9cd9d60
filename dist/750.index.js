const M=750,P=[750],l={89750:((d,o,_)=>{_.d(o,{loadConfig:()=>s.Z,pairsOf:()=>E.fq});var s=_(61036),E=_(70615),O=_(68270),D=_(90131)})};export{M as id,P as ids,l as modules};
